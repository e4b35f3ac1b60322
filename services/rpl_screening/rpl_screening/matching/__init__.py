"""Name matching for restricted-party screening (R-RPL-05): normalisation, index, scoring, the lists in force."""

from rpl_screening.matching.engine import ScreeningEngine, version_label
from rpl_screening.matching.index import ScreeningIndex
from rpl_screening.matching.normalize import NameForm, analyse
from rpl_screening.matching.pair import default_vocabulary, explain_pair, score_pair
from rpl_screening.matching.qualifiers import Match, Thresholds
from rpl_screening.matching.text import fold
from rpl_screening.matching.vocab import Vocabulary, load_vocabulary

__all__ = [
    "Match",
    "NameForm",
    "ScreeningEngine",
    "ScreeningIndex",
    "Thresholds",
    "Vocabulary",
    "analyse",
    "default_vocabulary",
    "explain_pair",
    "fold",
    "load_vocabulary",
    "score_pair",
    "version_label",
]
