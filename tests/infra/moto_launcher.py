#!/usr/bin/env python3
"""Starts moto's server with the AWS actions it lacks and the Terraform config needs, added.

    python3 tests/infra/moto_launcher.py -H 127.0.0.1 -p 45660

Added actions (each a gap listed in infra/README.md):
- athena:DeleteNamedQuery — `terraform destroy` of the KPI named queries retries it forever.
"""
import json
import sys

from moto.athena.responses import AthenaResponse
from moto.server import main


def delete_named_query(self):
    query_id = self._get_param("NamedQueryId")
    self.athena_backend.named_queries.pop(query_id, None)
    return json.dumps({})


if not hasattr(AthenaResponse, "delete_named_query"):
    AthenaResponse.delete_named_query = delete_named_query

if __name__ == "__main__":
    main(sys.argv[1:])
