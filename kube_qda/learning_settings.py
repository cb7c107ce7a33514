"""The learned model's training settings, in a module outside the matching package so
that the command line can show them as defaults without importing numpy or
scikit-learn."""

#: Regularisation (liblinear's C): larger fits the coding more closely.
STRENGTH = 10.0
#: Probability from which a code is suggested, and below which a rule's plain
#: suggestion is dropped; chosen on interviews written and coded by other hands than
#: the samples' (bench/RESULTS.md, "The bundled learned model").
THRESHOLD = 0.5
VETO = 0.02
