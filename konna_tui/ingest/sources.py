"""(being written) Sources and attributions."""


def attribute(article, entities, curation):
    return [], []
