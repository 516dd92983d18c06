"""kg's decoder of jieba's part-of-speech model must give exactly jieba's words and tags
(kg/extract/tagger.py): it is faster, never different."""
import random

import jieba
import jieba.posseg
from jieba.posseg.viterbi import viterbi

from kg.extract.tagger import POSTokenizer, jieba_hmm

# written for the test: new names (runs jieba's dictionary does not know), a quoted
# programme, a list, a couplet and figures
SENTENCES = [
    "12月2日，青川县第三批人才工作推进会召开，进一步推动全县人才工作走深走实。",
    "县人大常委会主任韦岚松出席会议并讲话，邝雪棠主持会议，蒲晓舟、冼一鸣出席。",
    "第二届“川凤归巢”杰出人才颁奖大会举行，48名在乡村振兴等领域作出突出贡献的人才受到表彰。",
    "水清鱼自来，林深鸟自栖。覃雅楠、阙文博同志为委员。",
    "2024年GDP增长5.2%，完成投资3.6亿元。",
]


def test_the_tokenizer_gives_jiebas_words_and_tags():
    ours, theirs = POSTokenizer(jieba.dt), jieba.posseg.POSTokenizer(jieba.dt)
    for s in SENTENCES:
        assert [(p.word, p.flag) for p in ours.cut(s)] == [(p.word, p.flag) for p in theirs.cut(s)], s


def test_the_decoder_gives_jiebas_states_on_random_runs():
    p, hmm, rng = jieba.posseg, jieba_hmm(), random.Random(5)
    chars = list(p.char_state_tab_P) + ["\u9fcf", "\u4dae"]  # and characters jieba has not seen
    for _ in range(300):
        run = "".join(rng.choice(chars) for _ in range(rng.randint(1, 10)))
        expected = viterbi(run, p.char_state_tab_P, p.start_P, p.trans_P, p.emit_P)[1]
        assert list(hmm.decode(run)) == expected, run
