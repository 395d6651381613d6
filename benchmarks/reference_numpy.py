"""The reference: a per-layer NumPy training loop written the obvious way.

This is how most people first write a small network in NumPy: a `Dense` layer
object and an activation object, each with `forward`/`backward`, a Python list of
layers looped over for every minibatch, fresh arrays allocated at every step, the
loss and its gradient computed in separate passes. The benchmark times it on the
same data and setup as the simulator, to show what the simulator's design buys.

It is deliberately plain, not deliberately slow: no needless Python loops over
samples, just the textbook structure.
"""

from __future__ import annotations

import numpy as np


class Dense:
    def __init__(self, n_in: int, n_out: int, rng: np.random.Generator):
        self.W = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))  # Xavier
        self.b = np.zeros(n_out)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad: np.ndarray) -> np.ndarray:
        self.dW = self.x.T @ grad
        self.db = grad.sum(axis=0)
        return grad @ self.W.T

    def step(self, lr: float) -> None:
        self.W = self.W - lr * self.dW
        self.b = self.b - lr * self.db


class Tanh:
    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad: np.ndarray) -> np.ndarray:
        return grad * (1.0 - self.out**2)

    def step(self, lr: float) -> None:
        pass


def bce_with_logits(z: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def bce_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-z)) - y) / len(y)


def train_reference(X, y, X_val, y_val, hidden=(16, 16), lr=0.1, batch_size=32, epochs=200, seed=0):
    """Train an MLP with tanh and SGD; returns per-epoch (train_loss, val_loss) lists."""
    rng = np.random.default_rng(seed)
    y = y.reshape(-1, 1).astype(float)
    y_val = y_val.reshape(-1, 1).astype(float)
    sizes = [X.shape[1], *hidden, 1]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(Dense(sizes[i], sizes[i + 1], rng))
        if i < len(sizes) - 2:
            layers.append(Tanh())

    def forward(x):
        for layer in layers:
            x = layer.forward(x)
        return x

    train_losses, val_losses = [], []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            xb, yb = X[idx], y[idx]
            z = forward(xb)
            grad = bce_grad(z, yb)
            for layer in reversed(layers):
                grad = layer.backward(grad)
            for layer in layers:
                layer.step(lr)
        train_losses.append(bce_with_logits(forward(X), y))
        val_losses.append(bce_with_logits(forward(X_val), y_val))
    return train_losses, val_losses
