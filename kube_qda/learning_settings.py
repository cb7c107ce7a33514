"""The learned model's training settings, in a module outside the matching package so
that the command line can show them as defaults without importing numpy or
scikit-learn."""

#: Regularisation (liblinear's C): larger fits the coding more closely.
STRENGTH = 10.0
#: Probability from which a code is suggested (chosen on rounds 26-29, bench/RESULTS.md).
THRESHOLD = 0.10
#: Probability below which a rule's plain suggestion is dropped (chosen on rounds 16-26).
VETO = 0.02
