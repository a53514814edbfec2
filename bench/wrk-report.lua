-- wrk-report.lua — prints one machine-readable line when a wrk run ends.
--
-- Used by bench/run.sh as `wrk -s bench/wrk-report.lua ...`. Only done() is
-- defined, so wrk's request path stays as fast as without a script.
-- wrk reports latency in microseconds; the line gives milliseconds.
--
-- WRK_REPORT requests=N seconds=S rps=R p50_ms=A p90_ms=B p99_ms=C max_ms=D
--            bytes=N errors=N non2xx3xx=N timeouts=N

done = function(summary, latency, requests)
	local seconds = summary.duration / 1e6
	local e = summary.errors
	local socket_errors = e.connect + e.read + e.write
	io.write(string.format(
		"WRK_REPORT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes=%d errors=%d non2xx3xx=%d timeouts=%d\n",
		summary.requests, seconds,
		seconds > 0 and summary.requests / seconds or 0,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000,
		summary.bytes, socket_errors, e.status, e.timeout))
end
