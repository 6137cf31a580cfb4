import type { MetricFamily } from "./renderPrometheus";

const startedAtSeconds = Date.now() / 1000 - process.uptime();

/** Process memory, CPU and uptime in the conventional `process_*` / `nodejs_*` names. */
export function collectProcessMetrics(): MetricFamily[] {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return [
    {
      name: "process_cpu_user_seconds_total",
      help: "User CPU time spent, in seconds.",
      type: "counter",
      samples: [{ value: cpu.user / 1e6 }],
    },
    {
      name: "process_cpu_system_seconds_total",
      help: "System CPU time spent, in seconds.",
      type: "counter",
      samples: [{ value: cpu.system / 1e6 }],
    },
    {
      name: "process_resident_memory_bytes",
      help: "Resident memory size, in bytes.",
      type: "gauge",
      samples: [{ value: memory.rss }],
    },
    {
      name: "nodejs_heap_size_used_bytes",
      help: "V8 heap used, in bytes.",
      type: "gauge",
      samples: [{ value: memory.heapUsed }],
    },
    {
      name: "nodejs_heap_size_total_bytes",
      help: "V8 heap allocated, in bytes.",
      type: "gauge",
      samples: [{ value: memory.heapTotal }],
    },
    {
      name: "nodejs_external_memory_bytes",
      help: "Memory of C++ objects bound to JavaScript (includes Buffers), in bytes.",
      type: "gauge",
      samples: [{ value: memory.external }],
    },
    {
      name: "process_start_time_seconds",
      help: "Start time of the process since the Unix epoch, in seconds.",
      type: "gauge",
      samples: [{ value: Math.round(startedAtSeconds) }],
    },
  ];
}
