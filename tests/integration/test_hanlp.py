"""The HanLP backend, for real: a model trained here on the dev gold with HanLP's own
training API, loaded with hanlp.load, and used by `kg build --ner hanlp`.

`small_model` trains what the mechanics need (three epochs on one article's sentences,
seconds); `model_dir` trains a model worth measuring (thirty epochs on all five, most of a
minute), for the slow tests that check what it finds."""
import csv
import json
import subprocess
import sys

import pytest
import rdflib

from helpers import SHARED, cli, make_bio

hanlp = pytest.importorskip("hanlp", reason="HanLP is an optional extra: pip install -e '.[hanlp]'")

GOLD = SHARED / "gold" / "dev.jsonl"
CORPUS = SHARED / "corpus"

# Names and bodies that are in no training article. The rules find the posts and the
# lists; a model trained on five articles tags some of the names as well, and which ones
# depends on the CPU it was trained on (its weights differ in the last bits), so the tests
# ask it rather than name them.
LISTED = "会议结束后，王志国、李明华等参加调研。"
ARTICLE = f"""本报讯 6月3日，青海省政协召开十二届十一次常委会会议。省政协主席马建平主持会议。

{LISTED}调研组实地察看了西宁市的重点项目。市政协委员王志国说，要抓好落实。出席会议的还有刘建华、陈晓东、赵文斌、孙海涛。

西宁市委书记陈立群表示，要深入实施“高原英才”计划，西宁市人力资源和社会保障局要做好服务。
"""


def kg(*args):
    return cli(*args)


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    if not GOLD.exists():
        pytest.skip("../shared/gold is not beside the project")
    from kg.extract.ner.train import train
    out = tmp_path_factory.mktemp("hanlp") / "small"
    train(GOLD, CORPUS, out, epochs=3, seed=1, documents={"000_1abd7d2bd49a76c5.txt"})
    return out


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    if not GOLD.exists():
        pytest.skip("../shared/gold is not beside the project")
    from kg.extract.ner.train import train
    out = tmp_path_factory.mktemp("hanlp") / "model"
    scores = train(GOLD, CORPUS, out, epochs=30, seed=1)
    assert scores["ALL"].f1 > 0.5, scores  # it learned names, not noise
    return out


def test_a_small_model_loads_tags_and_builds(small_model, tmp_path):
    model = hanlp.load(str(small_model), devices=-1)
    found = model([list("会议结束后，王志国、李明华等参加调研。")])
    assert len(found) == 1 and all(label in ("Person", "Organization", "Place") for _, label, _, _ in found[0])
    article = tmp_path / "qinghai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = kg("build", article, "-o", tmp_path / "out", "--ner", "hanlp", "--hanlp-model", small_model, "-q")
    assert result.returncode == 0, result.stderr
    assert "马建平" in (tmp_path / "out" / "entities.csv").read_text(encoding="utf-8-sig")


def test_torch_runs_on_one_thread_by_default(small_model):
    import torch
    from kg.extract.ner.hanlp import load_model
    torch.set_num_threads(2)
    load_model(str(small_model))
    assert torch.get_num_threads() == 1


@pytest.mark.slow
def test_trained_model_loads_with_hanlp_and_finds_names(model_dir):
    model = hanlp.load(str(model_dir), devices=-1)
    found = model([list(LISTED), list("市政协委员王志国说，要抓好落实。")])
    people = {text for sentence in found for text, label, _, _ in sentence if label == "Person"}
    orgs = {text for sentence in found for text, label, _, _ in sentence if label == "Organization"}
    assert "王志国" in people
    assert orgs


@pytest.mark.slow
def test_build_with_hanlp_adds_the_models_people_to_the_rules(model_dir, tmp_path):
    """The rules' people are all kept; a person only the model found is marked as the
    model's and is one it tagged. Whether the model tags a name the rules miss depends on
    its weights (CI's model tagged only names the rules find too); that the plumbing
    carries a model's person to the graph is asserted deterministically by
    test_a_users_dictionary_steers_the_model."""
    model = hanlp.load(str(model_dir), devices=-1)
    sentences = [s + "。" for line in ARTICLE.splitlines() for s in line.split("。") if s.strip()]
    tagged = {text for spans in model([list(s) for s in sentences]) for text, label, _, _ in spans
              if label == "Person"}
    article = tmp_path / "qinghai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with_hanlp, default = tmp_path / "hanlp", tmp_path / "default"
    result = kg("build", article, "-o", with_hanlp, "--ner", "hanlp", "--hanlp-model", model_dir)
    assert result.returncode == 0, result.stderr
    assert kg("build", article, "-o", default, "-q").returncode == 0

    def people(folder):
        with open(folder / "entities.csv", encoding="utf-8-sig") as f:
            return {r["label"]: r["extractors"].split("|") for r in csv.DictReader(f) if r["type"] == "Person"}
    found, by_rules = people(with_hanlp), people(default)
    assert {"马建平", "陈立群"} <= set(by_rules) <= set(found)
    by_model = {name for name, extractors in found.items() if "ner:hanlp" in extractors}
    assert tagged, "a model trained on the dev gold tags no person in the article"
    assert by_model <= tagged, (found, tagged)
    assert set(found) - set(by_rules) <= by_model
    g = rdflib.Graph().parse(with_hanlp / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert {"青海省政协", "中共西宁市委"} <= labels and by_model <= labels


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_train_ner_command_prints_dev_scores(tmp_path):
    if not GOLD.exists():
        pytest.skip("../shared/gold is not beside the project")
    out = tmp_path / "m"
    result = kg("train-ner", GOLD, "--texts", CORPUS, "--out", out, "--epochs", "2")
    assert result.returncode == 0, result.stderr
    assert "dev ALL" in result.stdout and "dev Person" in result.stdout and "F1" in result.stdout
    assert (out / "config.json").exists() and hanlp.load(str(out), devices=-1)


def test_a_model_that_is_not_there_fails_with_exit_2(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = kg("build", article, "-o", tmp_path / "out", "--ner", "hanlp", "--hanlp-model", tmp_path / "nope")
    assert result.returncode == 2 and "no such directory" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_pretrained_model_that_cannot_be_downloaded_says_so_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = kg("build", article, "-o", tmp_path / "out", "--ner", "hanlp", "--hanlp-model", "MSRA_NER_ELECTRA_SMALL_ZH")
    if result.returncode == 0:
        pytest.skip("this machine can download HanLP's pretrained models")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "could not be downloaded" in lines[0] and "kg train-ner" in lines[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_without_hanlp_installed_the_backend_fails_and_the_default_is_untouched(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    block = "import sys; sys.modules['hanlp'] = None; from kg.cli import main; sys.argv[0] = 'kg'; main()"
    result = subprocess.run([sys.executable, "-c", block, "build", str(article), "-o", str(tmp_path / "o"),
                             "--ner", "hanlp", "--hanlp-model", "x"], capture_output=True, text=True)
    assert result.returncode == 2 and "HanLP is not installed" in result.stderr
    result = subprocess.run([sys.executable, "-c", block, "build", str(article), "-o", str(tmp_path / "o")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and (tmp_path / "o" / "graph.ttl").exists()


def test_a_users_dictionary_steers_the_model(small_model, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("本报讯 据了解，欧阳明轩近年来一直关注家乡发展。\n", encoding="utf-8")
    data = tmp_path / "mydata"
    (data / "lexicon").mkdir(parents=True)
    (data / "lexicon" / "ner_dictionary.tsv").write_text("欧阳明轩\tPerson\n", encoding="utf-8")
    steered, plain = tmp_path / "steered", tmp_path / "plain"
    assert kg("build", article, "-o", steered, "--ner", "hanlp", "--hanlp-model", small_model,
              "--data", data, "-q").returncode == 0
    assert kg("build", article, "-o", plain, "--ner", "hanlp", "--hanlp-model", small_model, "-q").returncode == 0
    with open(steered / "entities.csv", encoding="utf-8-sig") as f:
        rows = {r["label"]: r for r in csv.DictReader(f)}
    assert rows["欧阳明轩"]["type"] == "Person" and "ner:hanlp" in rows["欧阳明轩"]["extractors"].split("|")
    assert "欧阳明轩" not in (plain / "entities.csv").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def bio_model(tmp_path_factory):
    """A CRF model trained through `kg train-ner --bio` on a BIO corpus written for the tests."""
    folder = tmp_path_factory.mktemp("bio")
    train, dev = make_bio(folder / "train.tsv", 400, seed=1), make_bio(folder / "dev.tsv", 60, seed=2)
    out = folder / "model"
    result = kg("train-ner", "--bio", train, "--dev", dev, "--out", out, "--epochs", "30", "--patience", "2")
    assert result.returncode == 0, result.stderr
    return out, result.stdout


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_crf_model_trains_on_a_bio_corpus_and_prints_scores_per_type(bio_model):
    out, printed = bio_model
    scores = {line.split()[1]: float(line.split("F1 ")[1].split()[0]) for line in printed.splitlines()
              if line.startswith("dev ")}
    assert set(scores) == {"ALL", "Person", "Organization", "Place"}
    # the patterns are few: a CRF tagger that reads its batches right learns them all
    assert scores["ALL"] > 0.9, printed
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["classpath"] == "kg.extract.ner.crf.CRFRecognizer" and config["crf"] is True
    assert config["embed"]["classpath"] == "kg.extract.ner.crf.CharBigrams"


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_training_stops_early_when_the_dev_score_stops_rising(bio_model):
    out, _ = bio_model
    epochs = [line for line in (out / "train.log").read_text(encoding="utf-8").splitlines()
              if line.startswith("Epoch ")]
    assert 2 < len(epochs) < 30


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_crf_model_loads_in_a_fresh_process_and_tags(bio_model):
    out, _ = bio_model
    script = ("import json, sys, hanlp\n"
              "model = hanlp.load(sys.argv[1], devices=-1)\n"
              "found = model([list('松原市委书记白振华主持会议。'), list('何静、宋子川等参加活动。'), list('好。')])\n"
              "print(json.dumps({'crf_batch_first': model.model.crf.batch_first, 'found': found}, ensure_ascii=False))")
    result = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["crf_batch_first"] is True
    found = [{(text, label) for text, label, _, _ in sentence} for sentence in answer["found"]]
    assert ("白振华", "Person") in found[0] and ("松原", "Place") in found[0]
    assert {("何静", "Person"), ("宋子川", "Person")} <= found[1] and found[2] == set()


def test_no_crf_trains_a_softmax_tagger_and_the_terminal_shows_only_kgs_lines(tmp_path):
    train = make_bio(tmp_path / "train.tsv", 200)
    out = tmp_path / "m"
    result = subprocess.run([sys.executable, "-m", "kg", "train-ner", "--bio", str(train), "--out", str(out),
                             "--epochs", "2", "--no-crf", "--no-bigrams"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # HanLP's progress bars (backspaces, carriage returns) stay out of kg's output
    assert "\b" not in result.stdout + result.stderr and "\r" not in result.stdout + result.stderr
    assert result.stdout.startswith("model: ") and result.stderr.strip().startswith("training;")
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["crf"] is False and config["embed"] == 100
    assert getattr(hanlp.load(str(out), devices=-1).model, "crf", None) is None


def test_a_bio_corpus_and_gold_annotations_train_together(tmp_path):
    if not GOLD.exists():
        pytest.skip("../shared/gold is not beside the project")
    from kg.extract.ner.train import read_bio, tagged_sentences, train
    bio = make_bio(tmp_path / "train.tsv", 50)
    gold = tagged_sentences(GOLD, CORPUS, {"000_1abd7d2bd49a76c5.txt"})
    out = tmp_path / "m"
    scores = train(GOLD, CORPUS, out, bio=[bio], epochs=1, documents={"000_1abd7d2bd49a76c5.txt"}, dev_fraction=0.2)
    assert scores["ALL"].gold > 0
    vocab = json.loads((out / "vocabs.json").read_text(encoding="utf-8"))
    words = set(vocab["token"]["idx_to_token"])
    # characters of both sources are in the model's vocabulary
    assert set("".join(read_bio(bio)[0]["token"])) & words and set("".join(gold[0]["token"])) & words


@pytest.mark.parametrize("args, message", [
    (["--bio", "{bad}"], "line 2"),
    ([], "give gold annotations"),
])
def test_a_bad_training_input_is_one_line_and_exit_2(tmp_path, args, message):
    bad = tmp_path / "bad.tsv"
    bad.write_text("王\tB-PER\n这一行没有标签\n", encoding="utf-8")
    result = kg("train-ner", *[a.format(bad=bad) for a in args], "--out", tmp_path / "m")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # the progress hint, and the error
