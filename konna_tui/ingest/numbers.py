"""(being written) Figures and non-quantities."""


def extract_numbers(article):
    return [], []
