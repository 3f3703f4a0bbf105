"""Signals other parts listen to; the structure does not know who needs to react."""

from django.dispatch import Signal

# Sent after a student joined or left a class list: `school_class_id`.
enrolment_changed = Signal()
