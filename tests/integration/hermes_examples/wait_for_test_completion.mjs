async function waitForTestCompletion() {
  while (true) {
    const response = await fetch("/api/trigger/status");
    const status = await response.json();
    if (!status.running) break;
    await new Promise(resolve => setTimeout(resolve, 5000));
  }
  // Fetch new result
  const result = await fetch("/api/results/latest");
  return result.json();
}
