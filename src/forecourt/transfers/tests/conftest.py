import pytest


@pytest.fixture(autouse=True)
def _tasks_run_immediately():
    """Run huey tasks inline: djhuey builds HUEY at import, so settings.HUEY is too late."""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = previous
