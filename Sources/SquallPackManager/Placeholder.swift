// SquallPackManager: placeholder until its first file lands.
