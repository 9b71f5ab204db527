#!/bin/bash

BASE_URL="http://localhost:8080/api"
API_KEY="your-api-key-here"

# Get latest result
curl -s "$BASE_URL/results/latest" | jq .

# Trigger test
curl -X POST "$BASE_URL/trigger" \
  -H "X-Api-Key: $API_KEY"

# Update config
curl -X PUT "$BASE_URL/config" \
  -H "X-Api-Key: $API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "speedtest_interval_minutes": 30,
    "enabled_exporters": ["csv", "sqlite"]
  }'

# Get paginated results
curl -s "$BASE_URL/results?page=1&page_size=100" | jq .
