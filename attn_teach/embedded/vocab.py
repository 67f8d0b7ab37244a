"""Tokenizers for the embedded models, built deterministically from the corpora.

* ``tiny-bert-en`` uses a WordPiece vocabulary (``vocab.txt``), lower-cased like
  ``bert-base-uncased``, read by ``BertTokenizer``. The vocabulary is built by a
  small rule instead of a trainer, so that it is easy to read and byte-for-byte
  reproducible: whole words, except that ``-ing`` words and inflections of a
  known word are split into a stem and a ``##`` suffix. That is why
  "processing" becomes ``process ##ing``, as WordPiece often does with rarer words.
* ``tiny-gpt2-ja`` uses a sentencepiece unigram model (``spiece.model``) read by
  ``T5Tokenizer``, with the same special tokens as rinna's Japanese GPT-2
  (``<unk>``, ``[PAD]``, ``<s>``, ``</s>``, ``[CLS]``, ``[SEP]``, ``[MASK]``).
  ``<unk>`` has id 2, because transformers' ``T5Tokenizer`` builds its unigram
  model with ``unk_id=2`` whatever the sentencepiece file says (T5's layout is
  ``<pad>``, ``</s>``, ``<unk>``): with ``<unk>`` anywhere else an unknown character
  would come out as whatever piece sits at id 2.
"""

from __future__ import annotations

import collections
import io
import math
import re
import string

# id of <unk> in the Japanese model; transformers' T5Tokenizer assumes 2 (see above)
SPIECE_UNK_ID = 2
# always pieces, even where the corpus lacks them: Latin letters and digits, so that
# any English word or number is read letter by letter at worst, never as <unk>
SPIECE_REQUIRED_CHARS = string.ascii_letters + string.digits
BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# suffixes tried longest first; "##ing" splits always, the others only after a known word
_SUFFIXES = ["ing", "es", "ed", "er", "ly", "s"]
_WORD = re.compile(r"[a-z]+|[^\sa-z]")


def wordpiece_vocab(lines: list[str]) -> list[str]:
    """Build the WordPiece vocabulary (one entry per line of ``vocab.txt``).

    Parameters
    ----------
    lines : list of str
        The English corpus (see :func:`attn_teach.embedded.corpus.english`).

    Returns
    -------
    list of str
        Specials, then single characters and their ``##`` forms, then suffixes,
        then words, each group in a fixed order.
    """
    counts = collections.Counter(w for line in lines for w in _WORD.findall(line.lower()))
    words = {w for w in counts if w.isalpha()}
    kept: set[str] = set()
    for w in words:
        for sfx in _SUFFIXES:
            stem = w[: -len(sfx)]
            if w.endswith(sfx) and len(stem) >= 3 and (sfx == "ing" or stem in words):
                kept.add(stem)
                break
        else:
            kept.add(w)
    chars = sorted(set(string.ascii_lowercase + string.digits + string.punctuation))
    vocab = BERT_SPECIALS + chars + ["##" + c for c in string.ascii_lowercase]
    vocab += ["##" + s for s in _SUFFIXES if len(s) > 1]
    vocab += sorted(kept - set(vocab), key=lambda w: (-counts.get(w, 0), w))
    assert len(vocab) == len(set(vocab)), "vocabulary entries must be unique"
    return vocab


def train_sentencepiece(segmented_lines: list[str], delimiter: str = "|") -> bytes:
    """Build the Japanese sentencepiece unigram model and return its bytes.

    Two steps, both deterministic:

    1. sentencepiece's own trainer makes a character-level unigram model (this
       gives a valid normaliser, the ``▁`` piece, the specials and a score for
       every character);
    2. every multi-character morpheme of the corpus (``delimiter`` marks them) is
       added as a piece scored ``log(count / total)``, as a unigram language model
       would score it. Viterbi segmentation then prefers whole morphemes, so
       "食べました" comes out as ``食べ ました`` as it does with rinna's tokenizer,
       and a Latin word of the corpus ("Python", "hello") is one piece.

    Latin letters and digits are pieces even when the corpus lacks them
    (:data:`SPIECE_REQUIRED_CHARS`), and ``<unk>`` has id :data:`SPIECE_UNK_ID`.

    A trained subword model on a corpus this small and repetitive would instead
    merge whole phrases into one piece (``今日はカレーライスを``), which teaches
    nothing about real Japanese tokenizers.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    plain = [line.replace(delimiter, "") for line in segmented_lines]
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(plain),
        model_writer=buffer,
        model_type="unigram",
        vocab_size=200,
        hard_vocab_limit=False,
        max_sentencepiece_length=1,  # characters only; morphemes are added below
        character_coverage=1.0,
        required_chars=SPIECE_REQUIRED_CHARS,
        num_threads=1,
        shuffle_input_sentence=False,
        unk_id=SPIECE_UNK_ID,
        unk_piece="<unk>",
        pad_id=0,
        pad_piece="[PAD]",
        bos_id=1,
        bos_piece="<s>",
        eos_id=3,
        eos_piece="</s>",
        control_symbols=["[CLS]", "[SEP]", "[MASK]"],
        minloglevel=2,
    )
    proto = pb.ModelProto()
    proto.ParseFromString(buffer.getvalue())
    counts = collections.Counter(m for line in segmented_lines for m in line.split(delimiter))
    total = sum(counts.values())
    known = {p.piece for p in proto.pieces}
    for morpheme, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(morpheme) > 1 and morpheme not in known:
            piece = proto.pieces.add()
            piece.piece = morpheme
            piece.score = math.log(count / total)
            piece.type = pb.ModelProto.SentencePiece.NORMAL
    return proto.SerializeToString()
