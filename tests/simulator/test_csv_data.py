"""CSV datasets: a learner's own points, checked before anything trains."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import TrainConfig, make_dataset, train
from simulator.csv_data import MAX_ROWS, DatasetError, load_csv, parse_csv


def rows_text(n: int = 40, header: str = "x1,x2,label") -> str:
    rng = np.random.default_rng(3)
    lines = [header] if header else []
    for i in range(n):
        a, b = rng.normal(size=2)
        lines.append(f"{a:.3f},{b:.3f},{int(a + b > 0) if i > 1 else i}")
    return "\n".join(lines) + "\n"


def write(tmp_path, text: str | bytes, name: str = "points.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


def test_three_columns_are_two_features_and_a_label(tmp_path):
    table = load_csv(write(tmp_path, rows_text()))
    assert table.columns == ("x1", "x2", "label")
    assert table.X.shape == (40, 2) and not table.regression
    assert set(np.unique(table.y)) == {0.0, 1.0}


def test_two_columns_are_a_feature_and_a_numeric_target(tmp_path):
    text = "temp,growth\n" + "".join(f"{t},{t * 10 + 3}\n" for t in range(30))
    config = TrainConfig(dataset="csv", data=write(tmp_path, text), batch_size=None)
    assert config.is_regression and config.n_rows == 30
    X_train, y_train, X_val, y_val = make_dataset(config)
    assert X_train.shape[1] == 1
    assert abs(X_train.mean()) < 1e-9 and abs(X_train.std() - 1) < 1e-9
    assert abs(y_train.mean()) < 1e-9 and abs(y_train.std() - 1) < 1e-9
    assert len(y_train) + len(y_val) == 30


def test_a_file_without_header_and_with_semicolons_reads_the_same(tmp_path):
    plain = load_csv(write(tmp_path, rows_text(header=""), "a.csv"))
    semi = load_csv(write(tmp_path, rows_text().replace(",", ";"), "b.csv"))
    np.testing.assert_array_equal(plain.X, semi.X)
    assert plain.columns == ("column 1", "column 2", "column 3")


def test_the_split_is_seeded_and_features_standardised_on_the_training_split(tmp_path):
    config = TrainConfig(dataset="csv", data=write(tmp_path, rows_text(100)))
    first, again = make_dataset(config), make_dataset(config)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    other = make_dataset(config.replace(seed=1))
    assert not np.array_equal(first[1], other[1])
    assert np.allclose(first[0].mean(axis=0), 0) and np.allclose(first[0].std(axis=0), 1)
    assert config.n_train == 75 and len(first[3]) == 25


def test_a_csv_run_trains_and_ignores_n_samples_and_noise(tmp_path):
    config = TrainConfig(dataset="csv", data=write(tmp_path, rows_text(60)), epochs=5)
    assert {"n_samples", "noise"} <= set(config.ignored_knobs())
    a = train(config)
    b = train(config.replace(n_samples=999, noise=1.5))
    np.testing.assert_array_equal(a.val_loss, b.val_loss)
    assert a.epochs_run == 5 and np.isfinite(a.val_loss).all()


def test_editing_the_file_changes_its_hash_and_the_data(tmp_path):
    path = write(tmp_path, rows_text(40))
    before = TrainConfig(dataset="csv", data=path, batch_size=None)
    hash_before, X_before = before.data_hash, make_dataset(before)[0]
    import os

    with open(path, "a") as handle:
        handle.write("5.0,5.0,1\n")
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
    after = TrainConfig(dataset="csv", data=path, batch_size=None)
    assert after.data_hash != hash_before and len(hash_before) == 64
    assert after.n_rows == 41 and make_dataset(after)[0].shape != X_before.shape


def test_batch_size_is_checked_against_the_files_training_split(tmp_path):
    path = write(tmp_path, rows_text(40))
    with pytest.raises(ValueError, match=r"batch_size=64 .*value <= 30, the training split of the 40 rows of "):
        TrainConfig(dataset="csv", data=path, batch_size=64)


def test_csv_needs_a_file_and_a_file_needs_csv(tmp_path):
    with pytest.raises(ValueError, match=r"data=None \(allowed: the path of a CSV file when dataset='csv'\)"):
        TrainConfig(dataset="csv")
    with pytest.raises(ValueError, match=r"data='x.csv' \(allowed: None unless dataset='csv'"):
        TrainConfig(data="x.csv")


BAD = [
    ("", r"the file is empty"),
    ("\n\n", r"the file is empty"),
    ("x1,x2,label\n", r"only a header row"),
    ("x1,x2,label\n" + "1,2,1\n" * 5 + "1,abc,0\n", r"row 7, column 2 \(x2\): 'abc' is not a number"),
    ("x1,x2,label\n1,,0\n", r"row 2, column 2 \(x2\): an empty cell is not a number"),
    ("x1,x2,label\n1,2,1\n1,2,2\n", r"row 3, column 3 \(label\): label '2' is not 0 or 1"),
    ("x1,x2,label\n1,2,1\n1,nan,0\n", r"row 3, column 2 \(x2\): 'nan' is not a finite number"),
    ("x1,x2,label\n1,2,1\ninf,2,0\n", r"row 3, column 1 \(x1\): 'inf' is not a finite number"),
    ("x1,x2,label\n1,2,1\n1,2\n", r"row 3: 2 columns, but the header has 3"),
    ("a,b,c,d\n1,2,3,4\n", r"row 1: 4 columns; expected 3 \(two features and a 0/1 label\) or 2"),
    ("x\n1\n", r"row 1: 1 column; expected 3"),
    ("x1,2.5,label\n1,2,1\n", r"row 1, column 2: the header mixes names and numbers"),
    ("x1,x2,label\n" + "1,2,1\n2,1,0\n" * 3, r"6 rows of data; at least 20 are needed"),
    ("x1,x2,label\n" + "1,2,1\n" * 30, r"column 3 \(label\): every label is 1; both classes"),
    (b"x1,x2,label\n1,2,1\n\xff\xfe,1,0\n", r"row 3: byte 0xff is not UTF-8 text"),
]


@pytest.mark.parametrize("text, message", BAD)
def test_a_bad_file_is_refused_in_one_line_naming_file_row_and_column(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DatasetError, match=message) as caught:
        TrainConfig(dataset="csv", data=path)
    assert str(caught.value).startswith(path + ": ")
    assert "\n" not in str(caught.value)


def test_more_than_the_row_limit_is_refused(tmp_path):
    text = "x1,x2,label\n" + "1,2,0\n0,1,1\n" * (MAX_ROWS // 2) + "1,1,1\n"
    with pytest.raises(DatasetError, match=r"100,001 rows of data; the limit is 100,000"):
        load_csv(write(tmp_path, text))


def test_exactly_the_row_limit_loads(tmp_path):
    text = "x1,x2,label\n" + "1,2,0\n0,1,1\n" * (MAX_ROWS // 2)
    assert load_csv(write(tmp_path, text)).n_rows == MAX_ROWS


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetError, match=r"nope\.csv: cannot read the file"):
        TrainConfig(dataset="csv", data=str(tmp_path / "nope.csv"))


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-3, 3).map(str),
    st.sampled_from(["", " ", "abc", "1e999", "0x1", "--1", "1,5", '"2"', "nan", "-0"]),
    st.text(max_size=4),
)
csv_text = st.lists(st.lists(cells, min_size=0, max_size=4).map(",".join), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(csv_text)
def test_random_csv_text_loads_cleanly_or_is_refused_in_one_line(text):
    try:
        table = parse_csv(text.encode("utf-8", "surrogatepass"), "random.csv")
    except DatasetError as exc:
        message = str(exc)
        assert message.startswith("random.csv: ") and "\n" not in message
        return
    assert table.X.shape == (table.n_rows, len(table.columns) - 1)
    assert np.isfinite(table.X).all() and np.isfinite(table.y).all()
    if not table.regression:
        assert set(np.unique(table.y)) == {0.0, 1.0}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.integers(0, 1)), min_size=20, max_size=60))
def test_well_formed_numbers_round_trip(rows):
    if len({label for *_, label in rows}) < 2:
        rows = rows + [(0.0, 0.0, 1 - rows[0][2])]
    text = "a,b,y\n" + "".join(f"{a!r},{b!r},{y}\n" for a, b, y in rows)
    table = parse_csv(text.encode())
    np.testing.assert_array_equal(table.X, np.array([(a, b) for a, b, _ in rows]))
    assert all(math.isclose(t, y) for t, (*_, y) in zip(table.y, rows))


def test_the_result_cache_notices_an_edited_file(tmp_path):
    import os

    from simulator.cache import ResultCache, cache_key

    path = write(tmp_path, rows_text(40))
    config = TrainConfig(dataset="csv", data=path, batch_size=None, epochs=3)
    cache = ResultCache(tmp_path / "cache")
    first = cache.train_many([config])[0]
    key = cache_key(config)
    with open(path, "w") as handle:
        handle.write(rows_text(40).replace("0.", "1."))
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))
    assert cache_key(config) != key
    second = cache.train_many([config])[0]
    assert cache.misses == 2 and not np.array_equal(first.val_loss, second.val_loss)
