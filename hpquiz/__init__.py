"""hpquiz: learn deep-learning hyperparameters by spaced repetition and by experiment."""

__version__ = "0.1.0"
