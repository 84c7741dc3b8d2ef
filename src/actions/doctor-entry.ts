// Entry point bundled into actions/doctor/dist/index.mjs (npm run build:actions).
import { runDoctorAction } from "./doctor.js";

process.exitCode = await runDoctorAction();
