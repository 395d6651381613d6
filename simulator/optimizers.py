"""The four update rules, applied to a whole (C, P) stack of flat parameter vectors at once.

Each configuration c has its own learning rate, momentum (adam's beta1) and weight
decay, held as (C, 1) columns so one array operation updates every configuration.
Weight decay adds the gradient of the L2 penalty (wd / 2) * sum(W^2) on weights only.
The loop hands over the gradient up to a known factor k (the minibatch mean's 1/B,
see losses.py), which each rule multiplies in where it is cheapest:

    sgd       p -= (lr k) g' + (lr wd) p
    momentum  v = mu v + g;                    p -= lr v             (heavy ball, as PyTorch)
    rmsprop   s = rho s + (1 - rho) g^2;       p -= lr g / (sqrt(s) + eps)
    adam      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
              p -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps sqrt(1 - b2^t))
              (Kingma & Ba's bias correction folded into the step size)

`step_ops` returns the update as a list of NumPy calls on preallocated arrays, replayed
every step; `freeze(c)` zeroes config c's rates so an ended run stops moving.
"""

from __future__ import annotations

import numpy as np

from simulator.activations import Op

__all__ = ["Optimizer", "RMSPROP_RHO", "ADAM_BETA2", "EPS", "ROW_MAX_PARAMS", "rates_as_rows"]

RMSPROP_RHO = 0.9  # Hinton's decay for the running mean of squared gradients
ADAM_BETA2 = 0.999  # Adam paper default: a long memory for the squared gradients
EPS = 1e-8  # keeps the division finite where a gradient has been zero
# Up to this many parameters per configuration, a per-configuration rate is held as a
# whole (C, P) row rather than a (C, 1) column: a ufunc broadcasting a column over short
# rows is twice as slow (32 drill-size configs: 2.8 µs a call against 1.6), while over
# long rows the column is the faster, reading half the memory. The same values either way.
ROW_MAX_PARAMS = 2048


def rates_as_rows(configs: int, params: int) -> bool:
    """Whether an optimizer over `configs` x `params` holds its rates as (C, P) rows
    (ROW_MAX_PARAMS); a stack of one multiplies by a 0-d view instead (`step_ops`)."""
    return configs > 1 and params <= ROW_MAX_PARAMS


def _lean(a):
    """A (1, 1) column as a 0-d view (p and g always have more than one parameter)."""
    return a.reshape(()) if isinstance(a, np.ndarray) and a.shape == (1, 1) else a


class Optimizer:
    """Updates a (C, P) parameter stack in place from a (C, P) gradient stack.

    lr, momentum, weight_decay: (C,) per-configuration values; weight_mask: (P,) 1 on
    weights, 0 on biases.
    """

    def __init__(self, name: str, lr, momentum, weight_decay, weight_mask: np.ndarray, dtype) -> None:
        C, P = len(lr), weight_mask.size
        self.name, self.dtype = name, dtype
        self.lr = np.asarray(lr, dtype).reshape(C, 1).copy()
        self.mu = np.asarray(momentum, dtype).reshape(C, 1).copy()
        self.wd = np.asarray(weight_decay, dtype).reshape(C, 1).copy()
        self.mask = weight_mask.astype(dtype)
        self.uses_decay = bool(np.any(self.wd > 0))
        self.decay = self.wd * self.mask  # (C, P) wd on weights, 0 on biases
        self.lr_decay = self.lr * self.decay  # sgd folds lr in
        self.tmp = np.empty((C, P), dtype)
        self.state = [np.zeros((C, P), dtype) for _ in range({"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}[name])]
        # adam's running powers and folded step sizes
        self.b1_power = np.ones((C, 1), dtype)
        self.b2_power = np.ones((1, 1), dtype)
        self.correction = np.empty((1, 1), dtype)
        self.eps_t = np.empty((1, 1), dtype)
        self.denominator = np.empty((C, 1), dtype)
        self.step_size = np.empty((C, 1), dtype)
        self._rates: list[np.ndarray] = [self.lr, self.lr_decay]  # zeroed by `freeze`
        self._rows: dict[tuple, np.ndarray] = {}

    def _row(self, name: str, column: np.ndarray, rate: bool = False) -> np.ndarray:
        """`column` (C, 1) as the array a step multiplies by, (C, P) or (C, 1) (see
        ROW_MAX_PARAMS), made once per name: every step of an epoch shares it.
        `rate`: a learning rate or a multiple of one, which `freeze` must zero."""
        if name not in self._rows:
            P = self.tmp.shape[1]
            row = np.repeat(column, P, axis=1) if rates_as_rows(*self.tmp.shape) else column.copy()
            if rate:
                self._rates.append(row)
            self._rows[name] = row
        return self._rows[name]

    def freeze(self, c: int) -> None:
        """Stop configuration c from moving (its run has ended); clear its state."""
        for rate in self._rates:
            rate[c] = 0.0
        for s in self.state:
            s[c] = 0.0

    def step_ops(self, p: np.ndarray, g: np.ndarray, k: float) -> list[Op]:
        """The update of p given g = gradient / k.

        For a single configuration the (1, 1) columns (rates, momentum, Adam's powers)
        go in as 0-d views of themselves: broadcasting a (1, 1) array costs 1.5 µs a
        call, a 0-d one 0.5 µs; views, so a frozen run's zeroed rate still reaches them.
        """
        return [(f, tuple(_lean(a) for a in args)) for f, args in self._step_ops(p, g, k)]

    def _step_ops(self, p: np.ndarray, g: np.ndarray, k: float) -> list[Op]:
        tmp = self.tmp
        if self.name == "sgd":
            column = self._row(f"lr {k!r}", (self.lr * self.dtype(k)).astype(self.dtype), rate=True)
            ops: list[Op] = []
            if self.uses_decay:
                ops.append((np.multiply, (p, self.lr_decay, tmp)))  # lr * d/dW (wd/2) W^2
            ops += [(np.multiply, (g, column, g)), (np.subtract, (p, g, p))]
            if self.uses_decay:
                ops.append((np.subtract, (p, tmp, p)))
            return ops
        ops = [(np.multiply, (g, self.dtype(k), g))]  # the true gradient
        if self.uses_decay:
            ops += [(np.multiply, (p, self.decay, tmp)), (np.add, (g, tmp, g))]
        if self.name == "momentum":
            (v,) = self.state
            return ops + [
                (np.multiply, (v, self._row("mu", self.mu), v)),
                (np.add, (v, g, v)),
                (np.multiply, (v, self._row("lr", self.lr, rate=True), g)),
                (np.subtract, (p, g, p)),
            ]
        if self.name == "rmsprop":
            (s,) = self.state
            return ops + [
                (np.multiply, (g, g, tmp)),
                (np.multiply, (tmp, 1.0 - RMSPROP_RHO, tmp)),
                (np.multiply, (s, RMSPROP_RHO, s)),
                (np.add, (s, tmp, s)),
                (np.sqrt, (s, tmp)),
                (np.add, (tmp, EPS, tmp)),
                (np.divide, (g, tmp, tmp)),
                (np.multiply, (tmp, self._row("lr", self.lr, rate=True), tmp)),
                (np.subtract, (p, tmp, p)),
            ]
        m, v = self.state
        one_minus_mu = (1.0 - self.mu).astype(self.dtype)
        return ops + [
            # bias corrections for step t
            (np.multiply, (self.b1_power, self.mu, self.b1_power)),
            (np.multiply, (self.b2_power, ADAM_BETA2, self.b2_power)),
            (np.subtract, (1.0, self.b2_power, self.correction)),
            (np.sqrt, (self.correction, self.correction)),
            (np.multiply, (self.correction, EPS, self.eps_t)),
            (np.subtract, (1.0, self.b1_power, self.denominator)),
            (np.divide, (self.correction, self.denominator, self.step_size)),
            (np.multiply, (self.step_size, self.lr, self.step_size)),
            # m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
            (np.multiply, (m, self._row("mu", self.mu), m)),
            (np.multiply, (g, self._row("1 - mu", one_minus_mu), tmp)),
            (np.add, (m, tmp, m)),
            (np.multiply, (g, g, g)),
            (np.multiply, (g, 1.0 - ADAM_BETA2, g)),
            (np.multiply, (v, ADAM_BETA2, v)),
            (np.add, (v, g, v)),
            # p -= step * m / (sqrt(v) + eps_t)
            (np.sqrt, (v, tmp)),
            (np.add, (tmp, self.eps_t, tmp)),
            (np.divide, (m, tmp, tmp)),
            (np.multiply, (tmp, self.step_size, tmp)),
            (np.subtract, (p, tmp, p)),
        ]
