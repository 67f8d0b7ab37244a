"""The kit's one error type: a message a learner can act on, shown without a traceback."""


class AttnTeachError(Exception):
    """Bad input or an unavailable model. The message is one line that says how to fix it.

    The command line prints it as ``attn-teach: error: <message>`` and exits with code 2.
    """
