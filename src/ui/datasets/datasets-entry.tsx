// Entry of datasets.html.
import { mountDatasetsStandalone } from './standalone';

const root = document.getElementById('root');
if (!root) throw new Error('datasets.html lost its #root element');
mountDatasetsStandalone(root);
