"""The monthly circular's ranking (月通报排名): the method, stored per programme and
versioned, and the ranks it gives units and counties, each explained.

The method is written down in ``docs/ranking.md``.
"""
