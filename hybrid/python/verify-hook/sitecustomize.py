# apc optimize --verify CMD: on PYTHONPATH only while apc runs the project's
# own command with native functions; every Python process the command starts
# then decorates the APC_DECORATE functions of the modules it imports.
import os

if os.environ.get("APC_DECORATE"):
    from apc._run import install

    install()
