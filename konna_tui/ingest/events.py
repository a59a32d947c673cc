"""(being written) Events."""


def extract_events(article):
    return []
