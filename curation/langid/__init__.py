"""Language identification: fastText backends, Unicode script detection, the `langid` stage and
`mlcurate langid train` (see stage.py, annotate.py, scripts.py, backends.py, train.py)."""
