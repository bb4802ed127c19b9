// Four lanes run side by side, each one test at a time: three for the classes that run containers on the shared Docker
// engine (deployments, databases, networks: see their collections), and one for every other class (the assembly's own
// collection). A class that runs containers joins a Docker lane; classes whose timings are their assertion join
// "Timing", which runs alone after the others. Panels no longer share static state (the job storage is each host's own).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly, MaxParallelThreads = 4)]
