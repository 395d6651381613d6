"""A small, honest, fast NumPy training simulator for learning hyperparameters.

Public names: TrainConfig, KNOBS, Verdict, make_dataset, train, train_many, sweep,
Run, diagnose, Diagnosis, Evidence (a diagnosis's first reason as data), predict, the
seed consensus (`simulator.consensus`): Consensus, replicate, consensus,
consensus_many, and claims tested on measured quantities
(`simulator.measures`, `simulator.compare`): MEASURES, Measure, measure, Claim,
Comparison, Direction. Nothing here imports the app (`hpquiz`) or `textual`.
"""

from simulator.config import KNOBS, Knob, TrainConfig
from simulator.compare import Claim, Comparison, Direction
from simulator.measures import MEASURES, Measure, measure
from simulator.budget import TooMuchMemory
from simulator.verdict import Verdict

__all__ = [
    "TrainConfig",
    "KNOBS",
    "Knob",
    "Verdict",
    "make_dataset",
    "train",
    "train_many",
    "sweep",
    "Run",
    "diagnose",
    "Diagnosis",
    "Evidence",
    "Consensus",
    "replicate",
    "consensus",
    "consensus_many",
    "MEASURES",
    "Measure",
    "measure",
    "Claim",
    "Comparison",
    "Direction",
    "predict",
    "TooMuchMemory",
]

try:
    from simulator.datasets import make_dataset
    from simulator.predict import predict
    from simulator.run import Run
    from simulator.training import sweep, train, train_many
except ImportError:  # pragma: no cover - while the package is being built
    pass

try:
    from simulator.diagnose import Diagnosis, Evidence, diagnose
    from simulator.consensus import Consensus, consensus, consensus_many, replicate
except ImportError:  # pragma: no cover - sim-diagnose writes this module
    pass
