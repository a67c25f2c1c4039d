"""Signals other apps listen to (extraction imports none of them).

``run_done(sender=ExtractionRun, run_id, version_id)``: a run saved its results; sent by
``extraction_run_execute`` after the results are committed. Receivers must be quick (queue a
task); an exception in one is logged and never fails the run.
"""

from django.dispatch import Signal

run_done = Signal()
