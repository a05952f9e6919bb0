#!/bin/sh
echo "native schema engine not available; use npm run db:migrate" >&2
exit 1
