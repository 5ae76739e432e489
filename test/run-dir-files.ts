/** What `irqstorm run` leaves in its run folder, sorted as readdirSync().sort() lists it (for the CLI suites). */
export function runDirFiles(options: { trace: boolean; timeline?: boolean }): string[] {
  const files = [
    'cpus.csv',
    'interrupts.txt',
    'irq-debugfs.txt',
    'irqs.csv',
    'latency.csv',
    'percentiles.csv',
    'report.html',
    'run.json',
    'series.csv',
    'summary.csv',
  ];
  if (options.timeline === true) files.splice(files.indexOf('summary.csv') + 1, 0, 'timeline.json', 'trace.txt');
  return options.trace ? [...files, 'trace.csv'] : files;
}
