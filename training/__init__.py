"""Bundled trainers that consume mlcurate mixtures (two-stage contrastive training with Matryoshka
learning, structured pruning, distillation). Installed with the `train` extra."""
