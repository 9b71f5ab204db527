const BASE_URL = "http://localhost:8080/api";
const API_KEY = "your-api-key-here";

// Get latest result
const response = await fetch(`${BASE_URL}/results/latest`);
const result = await response.json();
console.log(`Download: ${result.download_mbps} Mbps`);

// Trigger test
const triggerResponse = await fetch(`${BASE_URL}/trigger`, {
  method: "POST",
  headers: {
    "X-Api-Key": API_KEY
  }
});
console.log(await triggerResponse.json());

// Update config
const configResponse = await fetch(`${BASE_URL}/config`, {
  method: "PUT",
  headers: {
    "X-Api-Key": API_KEY,
    "Content-Type": "application/json"
  },
  body: JSON.stringify({
    speedtest_interval_minutes: 30,
    enabled_exporters: ["csv", "sqlite"]
  })
});
console.log(await configResponse.json());
