/**
 * Name of the check run that carries the pull-request verdict. Only this App's check run of
 * this name (`app.id` = the App's id) is Flightdeck's: anyone can create a check run with any
 * name. Nothing in it is read back as state (commands are read from the pull request's comments).
 */
export const GATE_CHECK_NAME = "Flightdeck Go/No-Go";
