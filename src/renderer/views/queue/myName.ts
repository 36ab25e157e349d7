// The name an auditor works under at this desk, remembered in the browser
// until accounts arrive; "my cases" in the queue filters on it.
export const MY_NAME_KEY = 'loket.myName'
