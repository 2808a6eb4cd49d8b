import requests
import six


def test_own_six_wins_and_st2s_requests_comes_from_the_layer():
    assert six.__version__ == "1.16.0"
    assert requests.__version__ == "2.32.4"
