"""Logins: the throttle that slows password guessing without locking anyone out.

- models.py   checked wrong passwords (LoginFailure) and the line of new browsers waiting for
              a checked attempt at an account under attack (LoginTurn)
- device.py   the signed device cookie a browser gets when it logs in, and its middleware
- throttle.py the policy: who is checked now and who waits how long

The backend that applies it is factcheck.auth_backends.ThrottledLoginBackend.
"""
