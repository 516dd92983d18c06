"""The path of HanLP's pretrained models, for real and without a download: tiny models of
the two kinds `--hanlp-model` takes by identifier (a transformer NER, and a multi-task
model whose ner/msra task kg reads) are built with HanLP's own classes from a randomly
initialised BERT, saved where HanLP keeps a downloaded model, and loaded by identifier
through `kg build`, as a downloaded one would be. (Random models find random spans: what
is checked is the path, the loading and the offsets, not what they find.)"""
import os
import subprocess
import sys

import pytest

from kg.extract.ner.hanlp import token_spans_to_characters

hanlp = pytest.importorskip("hanlp", reason="HanLP is an optional extra: pip install -e '.[hanlp]'")
transformers = pytest.importorskip("transformers")

ARTICLE = ("本报讯 6月3日，青海省政协召开十二届十一次常委会会议。省政协主席马建平主持会议。\n"
           "ABC公司于2024年在上海（浦东）召开第3次会议，Ｂ组王志国参加。\n")
WORDS = [["省政协", "主席", "马建平", "主持", "会议", "。"], ["ABC", "公司", "于", "2024", "年", "在", "上海", "（", "浦东", "）",
                                                      "召开", "会议", "，", "王志国", "参加", "。"]]
TAGS = [["B-ORG", "O", "B-PER", "O", "O", "O"], ["B-ORG", "I-ORG", "O", "O", "O", "O", "B-LOC", "O", "B-LOC", "O", "O",
                                                "O", "O", "B-PER", "O", "O"]]


def resource_dir(identifier_url: str, home) -> str:
    """Where HanLP keeps the model of `identifier_url` once downloaded into `home`."""
    from hanlp.utils.io_util import path_from_url, split_if_compressed
    from hanlp_common.constant import HANLP_URL
    return split_if_compressed(path_from_url(identifier_url, str(home), HANLP_URL))[0]


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer
    torch.manual_seed(1)
    folder = tmp_path_factory.mktemp("tinybert")
    chars = sorted(set(ARTICLE.replace("\n", "") + "".join(w for s in WORDS for w in s)))
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n",
                                      encoding="utf-8")
    BertTokenizer(str(folder / "vocab.txt"), do_lower_case=False).save_pretrained(str(folder))
    config = BertConfig(vocab_size=5 + len(chars), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256)
    BertModel(config).save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def hanlp_home(tmp_path_factory, tiny_bert):
    """A HANLP_HOME holding tiny models where MSRA_NER_ELECTRA_SMALL_ZH,
    CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH and
    OPEN_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH unpack."""
    import torch
    from hanlp.common.dataset import SortingSamplerBuilder
    from hanlp.components.mtl.multi_task_learning import MultiTaskLearning
    from hanlp.components.mtl.tasks.ner.tag_ner import TaggingNamedEntityRecognition
    from hanlp.components.mtl.tasks.tok.tag_tok import TaggingTokenization
    from hanlp.components.ner.transformer_ner import TransformerNamedEntityRecognizer
    from hanlp.layers.embeddings.contextual_word_embedding import ContextualWordEmbedding
    torch.set_num_threads(1)
    home = tmp_path_factory.mktemp("hanlp_home")
    data = tmp_path_factory.mktemp("tiny_data")
    chars = [{"token": list("".join(s)), "tag": _char_tags(s, t)} for s, t in zip(WORDS, TAGS)] * 4
    TransformerNamedEntityRecognizer().fit(chars, chars, resource_dir(hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH,
                                                                      home),
                                           transformer=str(tiny_bert), epochs=1, batch_size=4, devices=-1,
                                           average_subwords=True)
    (data / "tok.txt").write_text("\n".join(" ".join(s) for s in WORDS * 4) + "\n", encoding="utf-8")
    (data / "ner.tsv").write_text("".join("\n".join(f"{w}\t{t}" for w, t in zip(s, ts)) + "\n\n"
                                          for s, ts in zip(WORDS, TAGS)) * 4, encoding="utf-8")
    tok, ner = str(data / "tok.txt"), str(data / "ner.tsv")
    # the closed-corpus models name their tasks tok/fine and ner/msra (also ner/pku,
    # ner/ontonotes); the open-corpus ones tok and ner
    for identifier, tok_task, ner_task in (("CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH", "tok/fine", "ner/msra"),
                                           ("OPEN_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH", "tok", "ner")):
        tasks = {tok_task: TaggingTokenization(tok, tok, tok, SortingSamplerBuilder(batch_size=4), max_seq_len=128,
                                               hard_constraint=True, char_level=True, tagging_scheme="BMES", lr=1e-3),
                 ner_task: TaggingNamedEntityRecognition(ner, ner, ner, SortingSamplerBuilder(batch_size=4), lr=1e-3,
                                                         tagging_scheme="BIO", dependencies=tok_task)}
        MultiTaskLearning().fit(ContextualWordEmbedding("token", transformer=str(tiny_bert), average_subwords=True,
                                                        max_sequence_length=128, word_dropout=0.1),
                                tasks, resource_dir(getattr(hanlp.pretrained.mtl, identifier), home),
                                epochs=1, lr=1e-3, encoder_lr=5e-5, grad_norm=1, gradient_accumulation=1,
                                eval_trn=False, devices=-1)
    return home


def _char_tags(words, tags):
    out = []
    for word, tag in zip(words, tags):
        out += [tag] + [("I-" + tag[2:]) if tag != "O" else "O"] * (len(word) - 1)
    return out


@pytest.mark.parametrize("identifier, task", [("MSRA_NER_ELECTRA_SMALL_ZH", None),
                                              ("CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH", "ner/msra"),
                                              ("OPEN_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH", "ner")])
@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_pretrained_model_loads_by_its_identifier_and_tags(hanlp_home, identifier, task, tmp_path):
    article = tmp_path / "qinghai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "HANLP_HOME": str(hanlp_home), "HANLP_VERBOSE": "0"}
    script = ("import sys, json, kg\n"
              "from kg.extract.ner.hanlp import HanLPNER\n"
              "from kg.lexicon import lexicon_for\n"
              "from kg.extract.pipeline import make_nlp\n"
              "from kg.extract.state import new_doc\n"
              "nlp = make_nlp('hanlp', (), sys.argv[1], ['Person', 'Organization', 'Place'])\n"
              "text = open(sys.argv[2], encoding='utf-8').read()\n"
              "doc = nlp(new_doc(nlp.vocab, text))\n"
              "backend = nlp.get_pipe('kg_ner').backend\n"
              "print(json.dumps({'multitask': backend.multitask, 'task': backend.task,\n"
              "                  'spans': [(m.start, m.end, m.type) for m in doc._.ner_mentions]}))\n")
    done = subprocess.run([sys.executable, "-c", script, identifier, str(article)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    import json
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["multitask"] == (task is not None) and result["task"] == task
    assert all(0 <= s < e <= len(ARTICLE) and t in ("Person", "Organization", "Place") for s, e, t in result["spans"])
    build = subprocess.run([sys.executable, "-m", "kg", "build", str(article), "-o", str(tmp_path / "out"), "--ner",
                            "hanlp", "--hanlp-model", identifier, "--hanlp-types", "Person,Organization,Place", "-q"],
                           capture_output=True, text=True, env=env, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 500


def test_the_multitask_models_tokens_map_back_to_characters(hanlp_home):
    """HanLP's own tokenizer over Latin letters, digits and full-width punctuation: each
    span the adapter gives is the characters of its tokens."""
    from hanlp.utils.io_util import get_resource  # noqa: F401
    model = hanlp.load(resource_dir(hanlp.pretrained.mtl.CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH, hanlp_home),
                       devices=-1)
    sentence = ARTICLE.splitlines()[1]
    output = model([sentence, sentence], tasks=["ner/msra"])
    tokens = output["tok/fine"][0] if "tok/fine" in output else output["tok"][0]
    assert "".join(tokens) == sentence.replace(" ", "")
    spans = [(t, label, a, b) for t, label, a, b in output["ner/msra"][0]]
    for (start, end, _), (_, _, a, b) in zip(token_spans_to_characters(sentence, tokens, spans), spans):
        assert sentence[start:end].replace(" ", "") == "".join(tokens[a:b])


def test_token_spans_become_character_spans():
    sentence = "ABC公司于2024年在上海（浦东）召开第3次会议，Ｂ组 王志国参加。"
    tokens = ["ABC", "公司", "于", "2024年", "在", "上海", "（", "浦东", "）", "召开", "第3次", "会议", "，", "Ｂ组", "王志国",
              "参加", "。"]
    spans = [("ABC公司", "ORGANIZATION", 0, 2), ("上海", "LOCATION", 5, 6), ("浦东", "LOCATION", 7, 8),
             ("王志国", "PERSON", 14, 15), ("坏", "PERSON", 16, 30)]
    found = token_spans_to_characters(sentence, tokens, spans)
    assert [(sentence[s:e], label) for s, e, label in found] == [
        ("ABC公司", "ORGANIZATION"), ("上海", "LOCATION"), ("浦东", "LOCATION"), ("王志国", "PERSON")]
    changed = token_spans_to_characters("第３次会议", ["第3次", "会议"], [("第3次", "X", 0, 1), ("会议", "Y", 1, 2)])
    assert changed == [(3, 5, "Y")]  # a token the tokenizer rewrote is skipped, not misplaced
