"""Counting a model's parameters, from its configuration alone (nothing downloaded) or as loaded.

Lesson 0 compares the embedded models with the article's by this count; how the
configuration is built without storage is in the troubleshooting page ("meta").
"""

from __future__ import annotations

import os

from attn_teach.models.loaded import LoadedModel
from attn_teach.models.loading import load_model


def count_parameters(model, *, model_class=None) -> int:
    """Number of parameters of a model, without downloading it when given a configuration.

    Parameters
    ----------
    model : transformers.PretrainedConfig, LoadedModel, torch.nn.Module, str or path
        A configuration is built on PyTorch's ``meta`` device (shapes only, no
        storage, no weights read); a name is loaded with :func:`~attn_teach.models.load_model`;
        a loaded model or a torch module is counted as it is.
    model_class : type, optional
        The transformers class to build a configuration as (``GPT2LMHeadModel``,
        ``BertForPreTraining``, ...). Default: the first of
        ``config.architectures``, else the bare ``AutoModel`` for the configuration.

    Returns
    -------
    int
        Parameters, each shared (tied) tensor counted once, as
        ``sum(p.numel() for p in network.parameters())`` counts them.

    Examples
    --------
    >>> from transformers import BertConfig
    >>> count_parameters(BertConfig())  # bert-base-uncased's shape
    109482240
    """
    import torch
    import transformers

    if isinstance(model, transformers.PretrainedConfig):
        archs = getattr(model, "architectures", None) or []
        if model_class is None and archs:
            model_class = getattr(transformers, archs[0], None)
        with torch.device("meta"):  # shapes only: nothing allocated, nothing downloaded
            model = model_class(model) if model_class is not None else transformers.AutoModel.from_config(model)
    elif isinstance(model, (str, os.PathLike)):
        model = load_model(model)
    network = model.network if isinstance(model, LoadedModel) else model
    return sum(p.numel() for p in network.parameters())
