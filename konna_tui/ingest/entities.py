"""(being written) Entities, mentions, roles."""


def extract_entities(article, curation):
    return [], [], []
