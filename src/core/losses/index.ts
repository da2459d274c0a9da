// The self-supervised losses: pure functions of the two projected views.
export { ntXentLoss } from './ntxent';
export { barlowTwinsLoss } from './barlow';
