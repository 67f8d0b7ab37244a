"""The suite's spreading over pytest-xdist workers (``tests/spread.py``): tests that share a
longer-lived fixture stay on one worker, the others spread one by one."""

from spread import group_by_shared_fixture, heavy_first

pytest_plugins = ["pytester"]


def groups(pytester, source: str) -> dict[str, str | None]:
    items = pytester.getitems(source)
    group_by_shared_fixture(items)
    return {
        item.name: (marker.args[0] if (marker := item.get_closest_marker("xdist_group")) else None) for item in items
    }


def test_tests_sharing_a_module_fixture_stay_together_the_others_spread(pytester):
    found = groups(
        pytester,
        """
        import pytest

        @pytest.fixture(scope="module")
        def server():
            return 1

        @pytest.fixture
        def per_test(server):
            return server

        def test_a(server): pass
        def test_b(per_test): pass
        def test_c(tmp_path): pass
        """,
    )
    file = "test_tests_sharing_a_module_fixture_stay_together_the_others_spread.py"  # pytester names it so
    assert found["test_a"] == found["test_b"] == file
    assert found["test_c"] is None


def test_class_scoped_fixtures_group_too_and_the_state_guard_does_not(pytester):
    found = groups(
        pytester,
        """
        import pytest

        @pytest.fixture(scope="module", autouse=True)
        def module_leaves_global_state_as_found():
            yield

        class TestShared:
            @pytest.fixture(scope="class")
            def built(self):
                return 1

            def test_one(self, built): pass

        def test_alone(): pass
        """,
    )
    assert found["test_one"] is not None
    assert found["test_alone"] is None


def test_heavy_tests_go_first_each_part_in_its_order(pytester):
    items = pytester.getitems(
        """
        import pytest

        def test_a(): pass
        @pytest.mark.heavy
        def test_b(): pass
        def test_c(): pass
        @pytest.mark.heavy
        def test_d(): pass
        """
    )
    items.reverse()  # as a shuffle may have left them: d c b a
    heavy_first(items)
    assert [item.name for item in items] == ["test_d", "test_b", "test_c", "test_a"]
