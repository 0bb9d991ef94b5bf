"""FollowScope: follower relationships from platform data exports, as a private static microsite."""

__version__ = "0.1.0"
