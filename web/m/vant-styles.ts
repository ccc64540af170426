/**
 * Styles of the Vant components this app uses, one by one: importing Vant's whole stylesheet
 * would add ~250 kB of CSS that residents on cheap phones pay for on every cold start.
 * Add a line here when a view starts using another Vant component.
 */
import 'vant/es/button/style/index';
import 'vant/es/cell/style/index';
import 'vant/es/cell-group/style/index';
import 'vant/es/field/style/index';
import 'vant/es/switch/style/index';
import 'vant/es/nav-bar/style/index';
import 'vant/es/grid/style/index';
import 'vant/es/grid-item/style/index';
import 'vant/es/icon/style/index';
import 'vant/es/tag/style/index';
