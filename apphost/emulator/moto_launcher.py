"""Starts moto's server (same arguments as `moto_server`) with one fix BStore relies on.

moto answers requests on parallel threads without isolating DynamoDB transactions from one another:
two TransactWriteItems whose conditions exclude each other can both succeed, which real DynamoDB
never allows. BStore's no-lost-update guarantees rest on those conditions, so this launcher handles
one request at a time (moto is CPU-bound Python under the GIL, so little throughput is lost).
"""
import threading

import moto.server as server

_one_at_a_time = threading.Lock()
_dispatch = server.DomainDispatcherApplication.__call__


def _serialized(self, environ, start_response):
    with _one_at_a_time:
        return _dispatch(self, environ, start_response)


server.DomainDispatcherApplication.__call__ = _serialized

if __name__ == "__main__":
    server.main()
