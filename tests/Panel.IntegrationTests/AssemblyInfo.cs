// Each test class starts a whole panel (web host, job server, database); one at a time keeps them from
// sharing the process's static job-system state and the machine's two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
