"""Spec validation: errors name the file, the key and the fix."""

import pytest

from curation.errors import ConfigError
from curation.mix.spec import MixSpec, load_spec
from curation.mix.stage import mix
from curation.paths import CONFIGS_DIR


def write(tmp_path, text):
    path = tmp_path / "mixture.yaml"
    path.write_text(text)
    return path


def test_bundled_specs_validate():
    assert load_spec(CONFIGS_DIR / "mixtures" / "quickstart.yaml").name == "quickstart"
    demo = load_spec(CONFIGS_DIR / "mixtures" / "demo.yaml")
    assert demo.tokenizer.startswith("pkg:") and demo.negatives_for("clustering") == 8


def test_name_defaults_to_file_stem(tmp_path):
    assert load_spec(write(tmp_path, "total: 10\n")).name == "mixture"


def test_defaults():
    spec = MixSpec(name="x", total=10)
    assert (spec.negatives_for("retrieval"), spec.negatives_for("clustering"), spec.negatives_for("classification")) == (24, 24, 1)


@pytest.mark.parametrize("text, match", [
    ("alpha: 0.3\n", r"mixture.yaml: give exactly one of `total`"),
    ("total: 10\ntasks: {retrieval: 5}\n", "give exactly one of"),
    ("total: 10\nalpha: 2\n", r"key 'alpha': Input should be less than or equal to 1"),
    ("total: 10\nnegatives: mind\n", r"key 'negatives'.*\n  fix: use one of: 'source', 'mined' or 'both'"),
    ("tasks: {retreival: 5}\n", r"key 'tasks': unknown tasks \['retreival'\]; valid: \['retrieval'"),
    ("total: 10\nsample_size: 3\n", r"key 'sample_size': unknown key\n  fix: did you mean `shard_size`\? valid keys here: name, view, where"),
    ("total: 10\nfloor: 5\ncap: 2\n", "cap 2 is below floor 5"),
    ("total: 10\nsource_weights: {a: -1}\n", "source weights must be >= 0"),
    ("total: 10\nmax_epochs: 0.5\n", "key 'max_epochs'"),
])
def test_errors_name_file_key_fix(tmp_path, text, match):
    with pytest.raises(ConfigError, match=match):
        load_spec(write(tmp_path, text))


def test_bad_where_and_view_name_the_key(skewed_ws):
    with pytest.raises(ConfigError, match=r"key 'where': the query over view 'samples_clean' failed.*\n  fix: check the SQL filter"):
        mix(skewed_ws, MixSpec(name="x", total=10, where="no_such_column = 1"), spec_file="s.yaml", echo=lambda *_: None)
    with pytest.raises(ConfigError, match=r"key 'view': view 'samples_cleen' does not exist"):
        mix(skewed_ws, MixSpec(name="x", total=10, view="samples_cleen"), spec_file="s.yaml", echo=lambda *_: None)
