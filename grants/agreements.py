"""PROVISIONAL stub: the accountability work creates the agreement, tranches and report schedule here.

create_for_funded(proposal, actor) is called by the approve transition inside its transaction.
"""


def create_for_funded(proposal, actor):
    return None
