"""Settings: ``base`` (shared), ``dev``, ``local`` (``gongkai serve``), ``test``, ``production``."""
