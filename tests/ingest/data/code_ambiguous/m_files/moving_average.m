function y = moving_average(x, window)
% MOVING_AVERAGE  Smooth a signal with a centred moving average.
%   y = moving_average(x, window) returns a vector the size of x.
    if nargin < 2
        window = 5;
    end
    kernel = ones(1, window) / window;
    y = conv(x, kernel, 'same');
    edges = conv(ones(size(x)), kernel, 'same');
    y = y ./ edges;
end
