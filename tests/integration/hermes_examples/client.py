import requests

BASE_URL = "http://localhost:8080/api"
API_KEY = "your-api-key-here"

# Get latest result
response = requests.get(f"{BASE_URL}/results/latest")
result = response.json()
print(f"Download: {result['download_mbps']} Mbps")

# Trigger test
response = requests.post(
    f"{BASE_URL}/trigger",
    headers={"X-Api-Key": API_KEY}
)
print(response.json())

# Update config
response = requests.put(
    f"{BASE_URL}/config",
    headers={
        "X-Api-Key": API_KEY,
        "Content-Type": "application/json"
    },
    json={
        "speedtest_interval_minutes": 30,
        "enabled_exporters": ["csv", "sqlite"]
    }
)
print(response.json())
