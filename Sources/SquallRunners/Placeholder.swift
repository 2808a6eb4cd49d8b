// SquallRunners: placeholder until its first file lands.
