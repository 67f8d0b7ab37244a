"""What :func:`~attn_teach.models.load_model` returns: the network, its tokenizer and what the kit needs to know."""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class LoadedModel:
    """A model ready for :func:`attn_teach.extract`.

    Attributes
    ----------
    network : transformers.PreTrainedModel
        The torch module, in eval mode, with eager attention (what plain transformers
        code calls ``model``).
    tokenizer : transformers.PreTrainedTokenizerBase
    name : str
        The name it was loaded by.
    causal : bool
        True for decoder (GPT-style) models.
    max_positions : int
        Longest input the model accepts, in tokens.
    """

    network: Any  # a transformers PreTrainedModel (torch is imported only when a model loads)
    tokenizer: Any  # a transformers tokenizer
    name: str
    causal: bool
    max_positions: int

    def __repr__(self) -> str:
        cfg = self.network.config
        return (
            f"LoadedModel({self.name!r}, {type(self.network).__name__}, layers={cfg.num_hidden_layers}, "
            f"heads={cfg.num_attention_heads}, max_positions={self.max_positions})"
        )
