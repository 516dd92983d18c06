"""HanLP's character RNN recogniser with its CRF set right, and the character bigrams
Chinese NER needs. (Imports HanLP: only `kg train-ner` and hanlp.load of a model trained
here import this module.)

HanLP 2.1.5's ``RNNTaggingModel`` builds ``CRF(n_out, crf_constraints)``, so its
constraints (None) land where the CRF takes ``batch_first`` and the CRF reads each batch
along the wrong axis. ``build_model`` runs when a model is trained and when it is loaded,
so setting the axis there fixes both; a model saved by this class names it, and
hanlp.load imports it again.

A character alone says little about where a Chinese name starts or stops (国 opens 国务院
and closes 王志国); the pair it forms with its neighbours says much more. `CharBigrams`
is a HanLP `Embedding` (the library's own extension point for input features): each
character is read with the bigram before and the bigram after it, the bigrams hashed
into a fixed table, so the model needs no bigram vocabulary and a bigram never seen in
training still gets a vector shared with few others.
"""
from __future__ import annotations

import zlib

import torch
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.layers.embeddings.embedding import Embedding
from torch import nn

START, END = "\x02", "\x03"


class CRFRecognizer(RNNNamedEntityRecognizer):
    def build_model(self, **kwargs):
        model = super().build_model(**kwargs)
        if getattr(model, "crf", None) is not None:
            model.crf.batch_first = True
        return model


class BigramIds:
    """Adds `<field>_bigram_ids`: the hashed bigrams around each character, one more than
    the characters (the pair before the first and after the last included)."""

    def __init__(self, field: str, buckets: int):
        self.field, self.buckets = field, buckets

    def __call__(self, sample: dict) -> dict:
        chars = [START, *sample[self.field], END]
        sample[f"{self.field}_bigram_ids"] = [zlib.crc32(f"{a}{b}".encode("utf-8")) % self.buckets + 1
                                              for a, b in zip(chars, chars[1:])]
        return sample


class CharBigramModule(nn.Module):
    def __init__(self, field: str, characters: int, char_dim: int, buckets: int, bigram_dim: int):
        super().__init__()
        self.field = field
        self.chars = nn.Embedding(characters, char_dim, padding_idx=0)
        self.bigrams = nn.Embedding(buckets + 1, bigram_dim, padding_idx=0)
        self.embedding_dim = char_dim + 2 * bigram_dim

    def forward(self, batch: dict, mask=None, **kwargs) -> torch.Tensor:
        chars = batch[f"{self.field}_id"]
        bigrams = batch[f"{self.field}_bigram_ids"]
        length = chars.size(1)
        before, after = bigrams[:, :length], bigrams[:, 1:length + 1]
        return torch.cat([self.chars(chars), self.bigrams(before), self.bigrams(after)], dim=-1)


class CharBigrams(Embedding):
    """Character embeddings with the hashed bigrams on either side of each character."""

    def __init__(self, field: str = "token", embed: int = 100, bigram_embed: int = 50, buckets: int = 200_003):
        super().__init__()
        self.field, self.embed, self.bigram_embed, self.buckets = field, embed, bigram_embed, buckets

    def transform(self, vocabs=None, **kwargs):
        return BigramIds(self.field, self.buckets)

    def module(self, vocabs=None, **kwargs) -> nn.Module:
        return CharBigramModule(self.field, len(vocabs[self.field]), self.embed, self.buckets, self.bigram_embed)
