"""`unscoped` as a decorator serves every call of its function, in every thread at once: each call keeps its own
reason and leaves the caller's as it found it (the quarter-end writers of indicators/tests/test_concurrency.py)."""

import threading

from sapat.core.querysets import unscoped, unscoped_reason


@unscoped("a read the test declares")
def _inside(entered: threading.Event, leave: threading.Event) -> str | None:
    entered.set()
    leave.wait(timeout=10)
    return unscoped_reason()


def test_two_threads_in_one_decorated_function_leave_it_in_any_order():
    before = unscoped_reason()  # the tests' own ("test code", sapat/conftest.py)
    first_in, second_in, first_out, second_out = (threading.Event() for _ in range(4))
    results, errors = {}, []

    def call(name, entered, leave):
        try:
            results[name] = _inside(entered, leave)
        except Exception as error:  # the failure of a thread is the test's
            errors.append(repr(error))

    first = threading.Thread(target=call, args=("first", first_in, first_out))
    second = threading.Thread(target=call, args=("second", second_in, second_out))
    first.start()
    first_in.wait(timeout=10)
    second.start()
    second_in.wait(timeout=10)
    first_out.set()  # the first to enter leaves first, while the second is still inside
    first.join(timeout=10)
    second_out.set()
    second.join(timeout=10)
    assert errors == []
    assert results == {"first": "a read the test declares", "second": "a read the test declares"}
    assert unscoped_reason() == before


def test_a_nested_declaration_restores_the_outer_reason():
    before = unscoped_reason()
    with unscoped("outer"):
        with unscoped("inner"):
            assert unscoped_reason() == "inner"
        assert unscoped_reason() == "outer"
    assert unscoped_reason() == before
